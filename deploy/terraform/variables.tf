variable "subscription_id" {
  description = "The Azure subscription to deploy into."
  type        = string
}

variable "environment" {
  description = "dev or prod: names the resources and picks the chart's values-<environment>.yaml."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod (the chart has values-dev.yaml and values-prod.yaml)."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
  default     = "westeurope"
}

variable "tags" {
  description = "Tags added to every resource (environment, project and managed-by are always set)."
  type        = map(string)
  default     = {}
}

variable "log_retention_days" {
  description = "How long Log Analytics keeps the cluster's logs and metrics (30 to 730)."
  type        = number
  default     = 30

  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730
    error_message = "log_retention_days must be between 30 and 730."
  }
}

variable "address_space" {
  description = "The virtual network's address space."
  type        = string
  default     = "10.40.0.0/16"
}

variable "nodes_subnet_prefix" {
  description = "The nodes' subnet (Azure CNI overlay: pods get addresses outside the network, so a /22 is plenty)."
  type        = string
  default     = "10.40.0.0/22"
}

variable "ingress_source" {
  description = "Who may reach the ingress on 80 and 443: an address prefix or a service tag such as Internet."
  type        = string
  default     = "Internet"
}

variable "kubernetes_version" {
  description = "Kubernetes minor version (AKS picks its latest patch); null: AKS's default at creation."
  type        = string
  default     = null
}

variable "aks_sku_tier" {
  description = "Free (no uptime SLA) or Standard (SLA-backed control plane)."
  type        = string
  default     = "Free"

  validation {
    condition     = contains(["Free", "Standard", "Premium"], var.aks_sku_tier)
    error_message = "aks_sku_tier must be Free, Standard or Premium."
  }
}

variable "admin_group_object_ids" {
  description = "Microsoft Entra groups whose members are cluster administrators (the cluster has no local accounts)."
  type        = list(string)

  validation {
    condition     = length(var.admin_group_object_ids) > 0
    error_message = "Give at least one admin group: with local accounts disabled nobody could administer the cluster otherwise."
  }
}

variable "system_pool" {
  description = "The system node pool (cluster add-ons only: it is tainted CriticalAddonsOnly)."
  type = object({
    vm_size   = string
    min_count = number
    max_count = number
  })
  default = {
    vm_size   = "Standard_D2s_v5"
    min_count = 1
    max_count = 3
  }
}

variable "user_pool" {
  description = "The user node pool that runs VotingApp."
  type = object({
    vm_size   = string
    min_count = number
    max_count = number
  })
  default = {
    vm_size   = "Standard_D2s_v5"
    min_count = 1
    max_count = 5
  }
}

variable "zones" {
  description = "Availability zones for both node pools; [] in regions without zones."
  type        = list(string)
  default     = ["1", "2", "3"]
}

variable "image_registry" {
  description = "Where VotingApp's images are pulled from (e.g. ghcr.io/<owner>); null: the cluster's own registry."
  type        = string
  default     = null
}

variable "image_tag" {
  description = "The tag of the vote, result, worker, migrations and seed images (what images.yml pushed: a version or sha-<commit>)."
  type        = string
}

variable "hosts" {
  description = "Ingress host names of the vote and result pages."
  type = object({
    vote   = string
    result = string
  })
}

variable "seed" {
  description = "Run the seed Job (the original's 3,000 votes) after installing."
  type        = bool
  default     = false
}

variable "kubelogin_mode" {
  description = "How kubelogin gets Helm's token: azurecli (after az login) or workloadidentity (OIDC in a pipeline)."
  type        = string
  default     = "azurecli"
}
