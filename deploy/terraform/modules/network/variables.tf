variable "name" {
  description = "Base name of the resources (votingapp-<environment>)."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "The resource group to create the network in."
  type        = string
}

variable "address_space" {
  description = "The virtual network's address space."
  type        = string
}

variable "nodes_subnet_prefix" {
  description = "The nodes' subnet, inside address_space."
  type        = string
}

variable "ingress_source" {
  description = "Who may reach 80 and 443: an address prefix or a service tag."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
}
