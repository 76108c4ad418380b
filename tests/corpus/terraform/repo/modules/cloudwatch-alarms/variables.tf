variable "prefix" {
  type = string
}

variable "alarms" {
  type = list(object({
    name       = string
    namespace  = string
    metric     = string
    threshold  = number
    statistic  = optional(string)
    dimensions = optional(map(string), {})
    runbook    = optional(string, "")
  }))
}
