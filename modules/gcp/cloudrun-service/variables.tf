variable "args" {
  description = "Container arguments."
  type        = list(string)
  default     = null
}

variable "burn_rate_alerts" {
  description = "Burn-rate alerts of every objective: both windows (seconds) above factor times the sustainable rate; severity page or ticket. infrac passes the SRE workbook's four window pairs."
  type = list(object({
    long_seconds  = number
    short_seconds = number
    factor        = number
    severity      = string
  }))
  default = []
}

variable "command" {
  description = "Container command (entrypoint)."
  type        = list(string)
  default     = null
}

variable "cpu" {
  description = "CPU limit per instance: 1, 2, 4 or 8."
  type        = string
  default     = "1"

  validation {
    condition     = contains(["1", "2", "4", "8"], var.cpu)
    error_message = "cpu must be 1, 2, 4 or 8."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the service. True for production environments."
  type        = bool
  default     = true
}

variable "env" {
  description = "Plain environment values."
  type        = map(string)
  default     = {}
}

variable "health_path" {
  description = "HTTP path of the startup and liveness probes; null for none."
  type        = string
  default     = null
}

variable "image" {
  description = "Container image, pinned by tag or digest."
  type        = string
}

variable "ingress" {
  description = "Who may reach the service: INGRESS_TRAFFIC_ALL (still IAM-protected) or INGRESS_TRAFFIC_INTERNAL_ONLY."
  type        = string
  default     = "INGRESS_TRAFFIC_INTERNAL_ONLY"

  validation {
    condition     = contains(["INGRESS_TRAFFIC_ALL", "INGRESS_TRAFFIC_INTERNAL_ONLY", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"], var.ingress)
    error_message = "ingress must be one of Cloud Run's ingress settings."
  }
}

variable "invoker_service_accounts" {
  description = "Emails of the service accounts allowed to invoke the service (roles/run.invoker): its declared callers, or a Pub/Sub push identity. The API gateway grants itself in its own module."
  type        = list(string)
  default     = []
}

variable "labels" {
  description = "Labels added to the service and its revisions."
  type        = map(string)
  default     = {}
}

variable "max_instances" {
  description = "Most instances."
  type        = number
  default     = 10
}

variable "memory" {
  description = "Memory limit per instance, such as 512Mi or 2Gi."
  type        = string
  default     = "512Mi"
}

variable "min_instances" {
  description = "Instances kept warm."
  type        = number
  default     = 0
}

variable "name" {
  description = "Service name."
  type        = string
}

variable "network" {
  description = "VPC network for Direct VPC egress to private datastores; null for none."
  type        = string
  default     = null
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channels of the owning team (infrac.yaml environments.<env>.alerts); empty: the alert policies notify no one."
  type        = list(string)
  default     = []
}

variable "port" {
  description = "Port the container listens on."
  type        = number
  default     = 8080
}

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of the service."
  type        = string
}

variable "revision" {
  description = "Name of the revision this deploy creates (the service name and the image tag)."
  type        = string
}

variable "revision_tag" {
  description = "Traffic tag of the new revision: it gets its own URL, with or without traffic."
  type        = string
}

variable "secret_env" {
  description = "Environment variables filled from Secret Manager: name -> secret id."
  type        = map(string)
  default     = {}
}

variable "service_account_email" {
  description = "Service account the revisions run as."
  type        = string
}

variable "slo_window_days" {
  description = "The rolling window the objectives hold over, in days."
  type        = number
  default     = 28

  validation {
    condition     = var.slo_window_days >= 1 && var.slo_window_days <= 30
    error_message = "slo_window_days must be between 1 and 30 (Cloud Monitoring's rolling periods)."
  }
}

variable "slos" {
  description = "Objectives on the service's requests: name -> goal (a ratio such as 0.999) and latency_threshold_ms (0: availability, the share of responses that are not 5xx; otherwise the share of requests faster than it)."
  type = map(object({
    goal                 = number
    latency_threshold_ms = number
  }))
  default = {}
}

variable "subnetwork" {
  description = "Subnetwork for Direct VPC egress."
  type        = string
  default     = null
}

variable "timeout_seconds" {
  description = "Request timeout."
  type        = number
  default     = 300
}

variable "traffic_percent" {
  description = "Percent of traffic the new revision gets."
  type        = number
  default     = 100

  validation {
    condition     = var.traffic_percent >= 0 && var.traffic_percent <= 100
    error_message = "traffic_percent must be between 0 and 100."
  }
}

variable "vpc_egress" {
  description = "Direct VPC egress: PRIVATE_RANGES_ONLY, or ALL_TRAFFIC when the service calls internal-only Cloud Run services (only requests through the VPC count as internal)."
  type        = string
  default     = "PRIVATE_RANGES_ONLY"

  validation {
    condition     = contains(["PRIVATE_RANGES_ONLY", "ALL_TRAFFIC"], var.vpc_egress)
    error_message = "vpc_egress must be PRIVATE_RANGES_ONLY or ALL_TRAFFIC."
  }
}
