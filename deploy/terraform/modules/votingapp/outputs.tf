output "release" {
  description = "The Helm release's name, namespace and revision."
  value = {
    name      = helm_release.votingapp.name
    namespace = helm_release.votingapp.namespace
    revision  = helm_release.votingapp.metadata[0].revision
  }
}
