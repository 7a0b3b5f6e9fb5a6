{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "sparkmedic.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full resource name: "<release>-<chart>", or the release name when it already contains the chart name.
*/}}
{{- define "sparkmedic.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"name-version" for the helm.sh/chart label.
*/}}
{{- define "sparkmedic.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every resource.
*/}}
{{- define "sparkmedic.labels" -}}
helm.sh/chart: {{ include "sparkmedic.chart" . }}
{{ include "sparkmedic.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end }}

{{/*
Selector labels: stable across upgrades (a Deployment's selector is immutable).
*/}}
{{- define "sparkmedic.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sparkmedic.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount the operator runs as.
*/}}
{{- define "sparkmedic.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sparkmedic.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The operator image: repository and tag, the tag defaulting to the chart's appVersion.
*/}}
{{- define "sparkmedic.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The namespaced permissions the operator needs: exactly the API calls its code makes, no more.
Used by the ClusterRole (watchNamespaces empty) and by each per-namespace Role (watchNamespaces set).
Keep in sync with ChartTest.API_CALLS_THE_OPERATOR_MAKES.
- sparkapplications: watch, and patch the spec to resubmit with the remediation (InPlace strategy).
- pods, pods/log: read driver/executor pods (exit codes, termination reasons) and the driver log.
- events: Kubernetes Events on the SparkApplication (patch to bump the count of a repeated event).
- tuningpolicies: read policies; write their status conditions.
- sparkremediations: the decision records, and their status.
*/}}
{{- /*
Cluster-scoped reads: the nodes Spark pods ran on, read one by one by name (capacity type, taints,
readiness) when a run is diagnosed. Never listed or watched.
*/ -}}
{{- define "sparkmedic.nodeRules" -}}
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get"]
{{- end }}

{{- /*
Kubernetes records Events about nodes (NodeNotReady, SpotInterrupted, ...) in the default namespace.
*/ -}}
{{- define "sparkmedic.nodeEventRules" -}}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["list"]
{{- end }}

{{- define "sparkmedic.rules" -}}
- apiGroups: ["sparkoperator.k8s.io"]
  resources: ["sparkapplications"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch", "list"]
- apiGroups: ["sparkmedic.io"]
  resources: ["tuningpolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["sparkmedic.io"]
  resources: ["tuningpolicies/status"]
  verbs: ["patch", "update"]
- apiGroups: ["sparkmedic.io"]
  resources: ["sparkremediations"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
- apiGroups: ["sparkmedic.io"]
  resources: ["sparkremediations/status"]
  verbs: ["patch", "update"]
{{- end }}

{{- /*
"true" when leader election is on, "" when off: leaderElection.enabled when set (true or false),
else on exactly when more than one replica runs.
*/ -}}
{{- define "sparkmedic.leaderElection" -}}
{{- $enabled := .Values.leaderElection.enabled }}
{{- if kindIs "bool" $enabled }}
{{- if $enabled }}true{{ end }}
{{- else if gt (int .Values.replicaCount) 1 }}true
{{- end }}
{{- end }}

{{- /*
The Lease the replicas elect their leader with: named after the release by default, so two
releases in one namespace never share one.
*/ -}}
{{- define "sparkmedic.leaseName" -}}
{{- default (printf "%s-leader" (include "sparkmedic.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{- /*
Leader election (JOSDK on a coordination.k8s.io/v1 Lease in the release namespace): create the
Lease once, then read and renew only that one. Keep in sync with ChartTest.LEASE_CALLS.
- get, create, update: what JOSDK checks at start (a SelfSubjectRulesReview, which itself needs no
  permission); without them the operator refuses to start.
- patch: fabric8's LeaderElector acquires and renews the Lease with a JSON merge patch.
`create` cannot be limited to a name (the name is not known when a create is authorized), so it is
a rule of its own; the rest apply to this one Lease only.
*/ -}}
{{- define "sparkmedic.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: [{{ include "sparkmedic.leaseName" . | quote }}]
  verbs: ["get", "update", "patch"]
{{- end }}
