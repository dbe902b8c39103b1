{{/* Generated from the AppHost model; do not edit. */}}

{{/* The namespace every object goes to: the chart's own (with Pod Security labels) or the release's. */}}
{{- define "votingapp.namespace" -}}
{{- if .Values.namespace.create -}}
{{- .Values.namespace.name -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
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
