# Remote state for prod: an Azure Storage container, signed in with Entra ID (no storage keys).
resource_group_name  = "rg-votingapp-tfstate"
storage_account_name = "votingapptfstate"
container_name       = "tfstate"
key                  = "prod.tfstate"
use_azuread_auth     = true
