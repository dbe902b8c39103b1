# terraform init -backend-config=environments/dev.backend.hcl
# terraform apply -var-file=environments/dev.tfvars -var subscription_id=<id> -var image_tag=sha-<commit>
environment        = "dev"
log_retention_days = 30
aks_sku_tier       = "Free"
zones              = []
system_pool = {
  vm_size   = "Standard_D2s_v5"
  min_count = 1
  max_count = 2
}
user_pool = {
  vm_size   = "Standard_D2s_v5"
  min_count = 1
  max_count = 3
}
admin_group_object_ids = ["00000000-0000-0000-0000-000000000000"] # replace: your Entra admin group
hosts = {
  vote   = "vote.dev.votingapp.example.com"
  result = "result.dev.votingapp.example.com"
}
seed = true
