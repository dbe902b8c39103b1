output "resource_group_name" {
  description = "The environment's resource group."
  value       = azurerm_resource_group.main.name
}

output "cluster_name" {
  description = "The AKS cluster (az aks get-credentials -g <resource group> -n <cluster>)."
  value       = module.aks.cluster_name
}

output "registry_login_server" {
  description = "The cluster's container registry (push with dotnet publish -t:PublishContainer -p:ContainerRegistry=<this>)."
  value       = module.aks.registry_login_server
}

output "vote_url" {
  description = "The vote page."
  value       = "http://${var.hosts.vote}/"
}

output "result_url" {
  description = "The result page."
  value       = "http://${var.hosts.result}/"
}
