variable "name" {
  description = "Base name of the resources (votingapp-<environment>)."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "The resource group of the cluster and its registry."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version, or null for AKS's default."
  type        = string
}

variable "sku_tier" {
  description = "Free, Standard or Premium."
  type        = string
}

variable "subnet_id" {
  description = "The nodes' subnet."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Where Container Insights sends logs and metrics."
  type        = string
}

variable "admin_group_object_ids" {
  description = "Entra groups of the cluster administrators."
  type        = list(string)
}

variable "system_pool" {
  description = "vm_size, min_count and max_count of the system pool."
  type = object({
    vm_size   = string
    min_count = number
    max_count = number
  })
}

variable "user_pool" {
  description = "vm_size, min_count and max_count of the user pool."
  type = object({
    vm_size   = string
    min_count = number
    max_count = number
  })
}

variable "zones" {
  description = "Availability zones of both pools."
  type        = list(string)
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
}
