# VotingApp's Helm chart (deploy/kubernetes, generated from the AppHost model) with the environment's values file,
# the images from var.image_registry at var.image_tag, and the ingress on the cluster's managed NGINX. The release is
# atomic: a failed upgrade rolls back by itself.

locals {
  services = ["vote", "result", "worker", "migrations", "seed"]
}

resource "helm_release" "votingapp" {
  name             = "votingapp"
  chart            = var.chart_path
  namespace        = "default"
  create_namespace = false
  atomic           = true
  cleanup_on_fail  = true
  wait             = true
  timeout          = 600
  max_history      = 10

  values = [file("${var.chart_path}/values-${var.environment}.yaml")]

  dynamic "set" {
    for_each = local.services
    content {
      name  = "${set.value}.image.registry"
      value = var.image_registry
    }
  }

  dynamic "set" {
    for_each = local.services
    content {
      name  = "${set.value}.image.tag"
      value = var.image_tag
      type  = "string"
    }
  }

  set {
    name  = "ingress.className"
    value = var.ingress_class_name
  }

  set {
    name  = "ingress.hosts.vote"
    value = var.hosts.vote
  }

  set {
    name  = "ingress.hosts.result"
    value = var.hosts.result
  }

  set {
    name  = "seed.enabled"
    value = var.seed
  }
}
