# The five service images, from the one Dockerfile at the repository root: its deps and
# build stages are shared, so one bake installs and compiles the workspace once.
#   docker buildx bake                               all five: chatbot/<service>:$TAG
#   docker buildx bake gateway session               some
#   TAG=0.2.0 REGISTRY=registry.example.com/chatbot docker buildx bake --push
# docker-compose.yml builds the same images under the same names and arguments (so after a
# bake on the same builder, `docker compose up` finds every layer in the cache).
# Kubernetes (deploy/k8s/base/kustomization.yaml) pins the tag: keep TAG's default at the
# services' package.json version, and never push `latest`.

variable "TAG" {
  default = "0.1.0"
}

variable "REGISTRY" {
  default = "chatbot"
}

# node:<NODE_VERSION>-bookworm-slim; the Dockerfile's default is the same.
variable "NODE_VERSION" {
  default = "24"
}

group "default" {
  targets = ["gateway", "session", "retrieval", "llm-proxy", "ingest"]
}

# What every service shares; not built on its own.
target "_service" {
  context    = "."
  dockerfile = "Dockerfile"
  target     = "runtime"
  args = {
    NODE_VERSION = NODE_VERSION
    VERSION      = TAG
  }
}

# SERVICE_PORT: the port the service is called on; HEALTH_PORT: where /livez answers.
target "gateway" {
  inherits = ["_service"]
  args = {
    SERVICE      = "gateway"
    SERVICE_PORT = "8080"
    HEALTH_PORT  = "8080"
  }
  tags = ["${REGISTRY}/gateway:${TAG}"]
}

target "session" {
  inherits = ["_service"]
  args = {
    SERVICE      = "session"
    SERVICE_PORT = "50051"
    HEALTH_PORT  = "9101"
  }
  tags = ["${REGISTRY}/session:${TAG}"]
}

target "retrieval" {
  inherits = ["_service"]
  args = {
    SERVICE      = "retrieval"
    SERVICE_PORT = "50052"
    HEALTH_PORT  = "9102"
  }
  tags = ["${REGISTRY}/retrieval:${TAG}"]
}

target "llm-proxy" {
  inherits = ["_service"]
  args = {
    SERVICE      = "llm-proxy"
    SERVICE_PORT = "50053"
    HEALTH_PORT  = "9103"
  }
  tags = ["${REGISTRY}/llm-proxy:${TAG}"]
}

target "ingest" {
  inherits = ["_service"]
  args = {
    SERVICE      = "ingest"
    SERVICE_PORT = "50054"
    HEALTH_PORT  = "9104"
  }
  tags = ["${REGISTRY}/ingest:${TAG}"]
}
