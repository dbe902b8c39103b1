terraform {
  required_version = ">= 1.6.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.14"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17"
    }
  }

  # State in an Azure Storage blob, one key per environment; the account is given at init time:
  #   terraform init -backend-config=environments/dev.backend.hcl
  backend "azurerm" {}
}
