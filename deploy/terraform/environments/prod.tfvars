# terraform init -backend-config=environments/prod.backend.hcl
# terraform apply -var-file=environments/prod.tfvars -var subscription_id=<id> -var image_tag=1.0.0
environment        = "prod"
log_retention_days = 90
aks_sku_tier       = "Standard"
zones              = ["1", "2", "3"]
system_pool = {
  vm_size   = "Standard_D4s_v5"
  min_count = 3
  max_count = 5
}
user_pool = {
  vm_size   = "Standard_D4s_v5"
  min_count = 3
  max_count = 20
}
admin_group_object_ids = ["00000000-0000-0000-0000-000000000000"] # replace: your Entra admin group
hosts = {
  vote   = "vote.votingapp.example.com"
  result = "result.votingapp.example.com"
}
seed = false
