output "vnet_id" {
  description = "The virtual network."
  value       = azurerm_virtual_network.main.id
}

output "nodes_subnet_id" {
  description = "The nodes' subnet (with its security group attached)."
  value       = azurerm_subnet_network_security_group_association.nodes.subnet_id
}
