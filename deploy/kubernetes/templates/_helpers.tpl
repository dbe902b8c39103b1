{{/* Generated from the AppHost model; do not edit. */}}

{{/* The namespace every object goes to: the chart's own (with Pod Security labels) or the release's. */}}
{{- define "votingapp.namespace" -}}
{{- if .Values.namespace.create -}}
{{- .Values.namespace.name -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* The Ingress's annotations: the values' own, plus cert-manager's issuer annotation when cert-manager issues the
     TLS Secret (cert-manager's ingress-shim watches for it and creates the Certificate for the tls section). */}}
{{- define "votingapp.ingressAnnotations" -}}
{{- $annotations := deepCopy (.Values.ingress.annotations | default dict) -}}
{{- if .Values.ingress.tls.certManager.enabled -}}
{{- if not .Values.ingress.tls.enabled -}}
{{- fail "ingress.tls.certManager.enabled needs ingress.tls.enabled: cert-manager issues the Secret that the Ingress's tls section names" -}}
{{- end -}}
{{- $issuer := .Values.ingress.tls.certManager.issuer -}}
{{- $key := ternary "cert-manager.io/cluster-issuer" "cert-manager.io/issuer" (eq (include "votingapp.issuerKind" .) "ClusterIssuer") -}}
{{- $_ := set $annotations $key (required "ingress.tls.certManager.issuer.name is required" $issuer.name) -}}
{{- end -}}
{{- toYaml $annotations -}}
{{- end -}}

{{/* ingress.tls.certManager.issuer.kind, checked: cert-manager has no other issuer kinds an Ingress can name. */}}
{{- define "votingapp.issuerKind" -}}
{{- $kind := .Values.ingress.tls.certManager.issuer.kind -}}
{{- if not (has $kind (list "ClusterIssuer" "Issuer")) -}}
{{- fail (printf "ingress.tls.certManager.issuer.kind must be ClusterIssuer or Issuer, not %q" $kind) -}}
{{- end -}}
{{- $kind -}}
{{- end -}}

{{/* registry/repository:tag; global.imageRegistry replaces the image's registry (mirrors). */}}
{{- define "votingapp.image" -}}
{{- $registry := .global.imageRegistry | default .image.registry | trimSuffix "/" -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .image.repository (toString .image.tag) -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (toString .image.tag) -}}
{{- end -}}
{{- end -}}
