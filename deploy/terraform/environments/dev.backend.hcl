# Remote state for dev: an Azure Storage container, signed in with Entra ID (no storage keys).
resource_group_name  = "rg-votingapp-tfstate"
storage_account_name = "votingapptfstate"
container_name       = "tfstate"
key                  = "dev.tfstate"
use_azuread_auth     = true
