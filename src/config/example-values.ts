// The placeholders of .env.example and deploy/omni-chatops.env.example: copied but not filled in.
const EXAMPLE_VALUE = /replace-me/i;
const EXAMPLE_PRINCIPAL = 'U0123456789';

/** The variables still holding an example file's placeholder. */
export function exampleValues(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => {
      if (value === undefined || !/^[A-Z][A-Z0-9_]*$/.test(name)) return false;
      if (EXAMPLE_VALUE.test(value)) return true;
      return (
        (name === 'APPROVERS' || name === 'OPERATORS') &&
        value.split(',').some((id) => id.trim() === EXAMPLE_PRINCIPAL)
      );
    })
    .map(([name]) => name);
}
