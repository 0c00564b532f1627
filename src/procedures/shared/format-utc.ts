// The one way the bot writes a time in plain text: "2026-08-22 09:45 UTC" (Slack views wrap it in
// <!date^…> so each reader sees their own zone, with this as the fallback). Text that is not a
// date is returned as it is.
export function formatUtc(iso: string | Date): string {
  const ms = iso instanceof Date ? iso.getTime() : Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
