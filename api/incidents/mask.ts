/** Masking of reporters' personal data (public endpoints always mask; staff see it until roles arrive). */

/** '13812341234' → '138****1234'; too short to keep anything → '****'. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.trim();
  if (digits.length < 8) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** '张三' → '张*', '欧阳娜娜' → '欧***', 'Li Lei' → 'L*****'. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
