# One environment of VotingApp on Azure: a resource group, Log Analytics, a virtual network, an AKS cluster with a
# system and a user node pool, a private container registry the cluster pulls from, and the Helm chart from
# deploy/kubernetes installed with that environment's values. dev and prod differ only in their .tfvars and state key.

locals {
  name = "votingapp-${var.environment}"
  tags = merge(var.tags, {
    environment = var.environment
    project     = "votingapp"
    managed-by  = "terraform"
  })
}

resource "azurerm_resource_group" "main" {
  name     = "rg-${local.name}"
  location = var.location
  tags     = local.tags
}

resource "azurerm_log_analytics_workspace" "main" {
  name                = "law-${local.name}"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = local.tags
}

module "network" {
  source = "./modules/network"

  name                = local.name
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
  address_space       = var.address_space
  nodes_subnet_prefix = var.nodes_subnet_prefix
  ingress_source      = var.ingress_source
  tags                = local.tags
}

module "aks" {
  source = "./modules/aks"

  name                       = local.name
  location                   = azurerm_resource_group.main.location
  resource_group_name        = azurerm_resource_group.main.name
  kubernetes_version         = var.kubernetes_version
  sku_tier                   = var.aks_sku_tier
  subnet_id                  = module.network.nodes_subnet_id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id
  admin_group_object_ids     = var.admin_group_object_ids
  system_pool                = var.system_pool
  user_pool                  = var.user_pool
  zones                      = var.zones
  tags                       = local.tags
}

module "votingapp" {
  source = "./modules/votingapp"

  environment    = var.environment
  chart_path     = "${path.root}/../kubernetes"
  image_registry = coalesce(var.image_registry, module.aks.registry_login_server)
  image_tag      = var.image_tag
  hosts          = var.hosts
  seed           = var.seed
}
