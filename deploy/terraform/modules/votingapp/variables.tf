variable "environment" {
  description = "dev or prod: the chart's values-<environment>.yaml."
  type        = string
}

variable "chart_path" {
  description = "The chart's folder (deploy/kubernetes)."
  type        = string
}

variable "image_registry" {
  description = "Registry (and path) of the vote, result, worker, migrations and seed images."
  type        = string
}

variable "image_tag" {
  description = "Tag of those images."
  type        = string
}

variable "hosts" {
  description = "Ingress host names of the vote and result pages."
  type = object({
    vote   = string
    result = string
  })
}

variable "ingress_class_name" {
  description = "The ingress class (the AKS application routing add-on's managed NGINX by default)."
  type        = string
  default     = "webapprouting.kubernetes.azure.com"
}

variable "seed" {
  description = "Run the seed Job."
  type        = bool
}
