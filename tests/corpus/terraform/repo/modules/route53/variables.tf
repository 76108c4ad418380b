variable "zone_name" {
  type = string
}

variable "alias_records" {
  type = map(object({
    dns_name = string
    zone_id  = string
  }))
  default = {}
}

variable "txt_records" {
  type    = list(string)
  default = []
}
