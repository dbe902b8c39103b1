using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>A small, correct manifest set (web → db) that every policy check accepts; tests break one thing at a time.</summary>
internal static class PolicyBaseline
{
    private const string Pod = """
              serviceAccountName: {0}
              automountServiceAccountToken: false
              securityContext:
                runAsNonRoot: true
                runAsUser: 1654
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: {0}
                  image: example/{0}:1.2.3
                  ports:
                    - name: http
                      containerPort: {1}
                  envFrom:
                    - configMapRef:
                        name: {0}-config
                  env:
                    - name: PASSWORD
                      valueFrom:
                        secretKeyRef:
                          name: app-secrets
                          key: password
                  readinessProbe:
                    httpGet: {{ path: /health, port: http }}
                  livenessProbe:
                    httpGet: {{ path: /alive, port: http }}
                  resources:
                    requests: {{ cpu: 100m, memory: 128Mi }}
                    limits: {{ cpu: 500m, memory: 256Mi }}
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities:
                      drop: [ALL]
                  volumeMounts:
                    - name: tmp
                      mountPath: /tmp
              volumes:
                - name: tmp
                  emptyDir: {{}}
        """;

    public static readonly string Yaml = $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web, namespace: app }
        spec:
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
        {{string.Format(System.Globalization.CultureInfo.InvariantCulture, Pod, "web", 8080)}}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: { name: db, namespace: app }
        spec:
          replicas: 1
          serviceName: db
          selector:
            matchLabels: { app: db }
          template:
            metadata:
              labels: { app: db }
            spec:
        {{string.Format(System.Globalization.CultureInfo.InvariantCulture, Pod, "db", 5432)}}
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: web, namespace: app }
        spec:
          selector: { app: web }
          ports: [{ port: 8080, targetPort: http }]
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: db, namespace: app }
        spec:
          selector: { app: db }
          ports: [{ port: 5432, targetPort: 5432 }]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: web-config, namespace: app }
        data: { A: b }
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: db-config, namespace: app }
        data: { A: b }
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: { name: web, namespace: app }
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: { name: db, namespace: app }
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: default-deny, namespace: app }
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: allow-dns, namespace: app }
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }
                  podSelector: { matchLabels: { k8s-app: kube-dns } }
              ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: web, namespace: app }
        spec:
          podSelector: { matchLabels: { app: web } }
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } }
              ports: [{ protocol: TCP, port: 8080 }]
          egress:
            - to:
                - podSelector: { matchLabels: { app: db } }
              ports: [{ protocol: TCP, port: 5432 }]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: db, namespace: app }
        spec:
          podSelector: { matchLabels: { app: db } }
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - podSelector: { matchLabels: { app: web } }
              ports: [{ protocol: TCP, port: 5432 }]
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: web, namespace: app }
        spec:
          scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
          minReplicas: 2
          maxReplicas: 5
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: { name: web, namespace: app }
        spec:
          maxUnavailable: 1
          selector: { matchLabels: { app: web } }
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: { name: web, namespace: app }
        spec:
          tls: [{ hosts: [web.example.com], secretName: web-tls }]
          rules:
            - host: web.example.com
              http:
                paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 8080 } } } }]
        """;

    public static HashSet<NetworkEdge> Edges =>
    [
        new("web", "db", 5432),
        new("namespace:ingress-nginx", "web", 8080),
        new("web", "namespace:kube-system", 53, "UDP"),
        new("web", "namespace:kube-system", 53, "TCP"),
        new("db", "namespace:kube-system", 53, "UDP"),
        new("db", "namespace:kube-system", 53, "TCP"),
    ];

    /// <summary>The baseline with <paramref name="breakIt"/> applied, checked.</summary>
    public static IReadOnlyList<PolicyFinding> CheckBroken(Action<List<JsonObject>> breakIt)
    {
        var objects = Manifests.Parse(Yaml);
        breakIt(objects);
        return ManifestPolicy.Check(new ManifestPolicyContext(objects)
        {
            ExternalSecrets = new HashSet<string>(StringComparer.Ordinal) { "app-secrets", "web-tls" },
            ExpectedEdges = Edges,
        });
    }

    public static JsonObject Get(this List<JsonObject> objects, string kind, string name) =>
        objects.Single(o => o.Kind() == kind && o.Name() == name);

    public static JsonObject PodSpec(this List<JsonObject> objects, string kind, string name) =>
        (JsonObject)objects.Get(kind, name).At("spec", "template", "spec")!;

    public static JsonObject Container(this List<JsonObject> objects, string kind, string name) =>
        (JsonObject)objects.PodSpec(kind, name).Items("containers").First();
}
