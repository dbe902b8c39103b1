# The cluster: Entra ID sign-in with Azure RBAC and no local accounts, Azure CNI overlay with Calico enforcing the
# chart's NetworkPolicies, a system pool tainted for add-ons and an autoscaled user pool for the app, both across
# zones; automatic patch upgrades and node image updates; Container Insights into Log Analytics; Azure Policy; the
# application routing add-on (managed NGINX ingress); workload identity. Images come from a private registry the
# kubelet may pull from (AcrPull), never with stored credentials.

data "azurerm_client_config" "current" {}

resource "azurerm_container_registry" "main" {
  # globally unique, alphanumeric only
  name                          = "${replace(var.name, "-", "")}${substr(sha1(var.resource_group_name), 0, 6)}"
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = "Standard"
  admin_enabled                 = false
  public_network_access_enabled = true
  tags                          = var.tags
}

resource "azurerm_kubernetes_cluster" "main" {
  name                      = "aks-${var.name}"
  location                  = var.location
  resource_group_name       = var.resource_group_name
  dns_prefix                = var.name
  kubernetes_version        = var.kubernetes_version
  sku_tier                  = var.sku_tier
  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"
  local_account_disabled    = true
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  azure_policy_enabled      = true
  tags                      = var.tags

  default_node_pool {
    name                         = "system"
    vm_size                      = var.system_pool.vm_size
    auto_scaling_enabled         = true
    min_count                    = var.system_pool.min_count
    max_count                    = var.system_pool.max_count
    only_critical_addons_enabled = true
    vnet_subnet_id               = var.subnet_id
    zones                        = var.zones
    os_sku                       = "AzureLinux"
    temporary_name_for_rotation  = "systemtmp"
    tags                         = var.tags

    upgrade_settings {
      max_surge = "33%"
    }
  }

  identity {
    type = "SystemAssigned"
  }

  azure_active_directory_role_based_access_control {
    tenant_id              = data.azurerm_client_config.current.tenant_id
    admin_group_object_ids = var.admin_group_object_ids
    azure_rbac_enabled     = true
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_policy      = "calico"
    load_balancer_sku   = "standard"
  }

  oms_agent {
    log_analytics_workspace_id      = var.log_analytics_workspace_id
    msi_auth_for_monitoring_enabled = true
  }

  web_app_routing {
    dns_zone_ids = []
  }

  maintenance_window_auto_upgrade {
    frequency   = "Weekly"
    interval    = 1
    duration    = 4
    day_of_week = "Sunday"
    start_time  = "02:00"
    utc_offset  = "+00:00"
  }

  lifecycle {
    # the autoscaler owns the node counts
    ignore_changes = [default_node_pool[0].node_count]
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  mode                  = "User"
  vm_size               = var.user_pool.vm_size
  auto_scaling_enabled  = true
  min_count             = var.user_pool.min_count
  max_count             = var.user_pool.max_count
  vnet_subnet_id        = var.subnet_id
  zones                 = var.zones
  os_sku                = "AzureLinux"
  tags                  = var.tags

  upgrade_settings {
    max_surge = "33%"
  }

  lifecycle {
    ignore_changes = [node_count]
  }
}

resource "azurerm_role_assignment" "kubelet_pulls_images" {
  scope                            = azurerm_container_registry.main.id
  role_definition_name             = "AcrPull"
  principal_id                     = azurerm_kubernetes_cluster.main.kubelet_identity[0].object_id
  skip_service_principal_aad_check = true
}
