// Phone numbers: the one normal form in which every channel stores and compares a number, and the
// stricter check for a number someone can call back (the citizen portal asks for one).

/**
 * A number as stored: full-width digits folded, separators (spaces, dashes, brackets, dots)
 * dropped, the China country code (+86, 0086, 86 before a mobile number) removed. Null when what
 * is left is not a phone number.
 */
export function normalizePhone(raw: string): string | null {
  let s = raw.normalize('NFKC').replace(/[\s\-().]/g, '');
  if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('+86')) s = s.slice(3);
  else if (/^861\d{10}$/.test(s)) s = s.slice(2);
  return /^\+?[0-9]{3,20}$/.test(s) ? s : null;
}

/**
 * A normalised number that can be called back: a mainland mobile, a landline with its area code,
 * or an international number (+ and country code).
 */
export function isCallableNumber(phone: string): boolean {
  return (
    /^1[3-9][0-9]{9}$/.test(phone) || /^0[1-9][0-9]{8,10}$/.test(phone) || /^\+[1-9][0-9]{6,14}$/.test(phone)
  );
}

/** The spellings a number may have been stored under by other channels, for an indexed match. */
export function phoneVariants(phone: string): string[] {
  const forms = [phone];
  if (/^1\d{10}$/.test(phone)) {
    const [a, b, c] = [phone.slice(0, 3), phone.slice(3, 7), phone.slice(7)];
    forms.push(`${a} ${b} ${c}`, `${a}-${b}-${c}`);
  }
  const prefixes = phone.startsWith('+') ? [''] : ['', '+86', '+86 ', '+86-', '86', '0086'];
  return prefixes.flatMap((p) => forms.map((f) => p + f));
}
