# Sparkmedic operator image.
#
# Build the runnable jar first, then the image:
#   mvn -q package -DskipTests
#   docker build -t ghcr.io/sparkmedic/sparkmedic:0.1.0 .
#
# The Helm chart (charts/sparkmedic) runs this image with the arguments
# `run --health-port 8080 [--namespaces a,b]`, a read-only root filesystem,
# an emptyDir at /tmp and user 65532.
FROM eclipse-temurin:17.0.15_6-jre-noble

ARG VERSION=0.1.0

LABEL org.opencontainers.image.title="sparkmedic" \
      org.opencontainers.image.description="Kubernetes operator that auto-remediates failed Apache Spark jobs (Kubeflow SparkApplications)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/sparkmedic/sparkmedic" \
      org.opencontainers.image.vendor="Sparkmedic" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:17.0.15_6-jre-noble"

# Owned by root and not writable by the runtime user.
COPY operator/target/sparkmedic.jar /opt/sparkmedic/sparkmedic.jar

# An unprivileged, non-root user (the same id as distroless "nonroot"); needs no passwd entry.
USER 65532:65532
WORKDIR /tmp

EXPOSE 8080

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/sparkmedic/sparkmedic.jar"]
