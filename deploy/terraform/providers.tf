provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

# The cluster has no local accounts: Helm signs in with Microsoft Entra ID through kubelogin, as the identity running
# Terraform (az login locally, OIDC federation in a pipeline). 6dae42f8-… is the AKS Entra server application, the
# same for every tenant.
provider "helm" {
  kubernetes {
    host                   = module.aks.host
    cluster_ca_certificate = base64decode(module.aks.cluster_ca_certificate)
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "kubelogin"
      args        = ["get-token", "--login", var.kubelogin_mode, "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]
    }
  }
}
