output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  value = aws_subnet.public.*.id
}

output "nat_public_ips" {
  value = [for eip in aws_eip.nat : eip.public_ip]
}
