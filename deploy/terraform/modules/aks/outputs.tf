output "cluster_name" {
  description = "The cluster's name."
  value       = azurerm_kubernetes_cluster.main.name
}

output "host" {
  description = "The API server's address."
  value       = azurerm_kubernetes_cluster.main.kube_config[0].host
}

output "cluster_ca_certificate" {
  description = "The API server's CA certificate (base64)."
  value       = azurerm_kubernetes_cluster.main.kube_config[0].cluster_ca_certificate
  sensitive   = true
}

output "oidc_issuer_url" {
  description = "For workload identity federation."
  value       = azurerm_kubernetes_cluster.main.oidc_issuer_url
}

output "registry_login_server" {
  description = "The private registry the kubelet pulls from."
  value       = azurerm_container_registry.main.login_server
}
