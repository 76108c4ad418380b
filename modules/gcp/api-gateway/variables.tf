variable "backend_services" {
  description = "Names of the Cloud Run services behind the gateway (they get the gateway's account as invoker)."
  type        = list(string)
}

variable "labels" {
  description = "Labels added to the API, its configs and the gateway."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Id of the API and of the gateway."
  type        = string
}

variable "openapi_document" {
  description = "The OpenAPI 2.0 document, as text."
  type        = string
}

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of the gateway."
  type        = string
}

variable "service_account_id" {
  description = "Id of the gateway's own service account (6 to 30 characters)."
  type        = string
}
