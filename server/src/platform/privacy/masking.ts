// Masking rules of DOMAIN.md §7: phone 138****1234, ID card 110105********1234.
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskIdCard(id: string | null | undefined): string | null {
  if (!id) return null;
  return id.length >= 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '****';
}
