// The emoji codes the bot's views use, drawn as plain symbols with a colour: they read the same
// on a machine without an emoji font (a CI browser, a minimal desktop) as they do in Slack.
// Each symbol is in DejaVu Sans, the font Debian's fontconfig always installs.
const EMOJI: Record<string, [symbol: string, tone: 'ok' | 'bad' | 'warn' | 'info' | 'muted']> = {
  white_check_mark: ['✔', 'ok'],
  x: ['✘', 'bad'],
  warning: ['⚠', 'warn'],
  rotating_light: ['⚠', 'bad'],
  hourglass_flowing_sand: ['◔', 'info'],
  hourglass: ['◔', 'warn'],
  gear: ['⚙', 'info'],
  bulb: ['ℹ', 'warn'],
  information_source: ['ℹ', 'info'],
  large_green_circle: ['●', 'ok'],
  red_circle: ['●', 'bad'],
  grey_question: ['?', 'muted'],
  no_entry_sign: ['⊘', 'bad'],
  fast_forward: ['»', 'muted'],
  leftwards_arrow_with_hook: ['↩', 'warn'],
  white_small_square: ['▫', 'muted'],
  test_tube: ['⚗', 'info'],
  arrows_counterclockwise: ['↻', 'info'],
  repeat: ['↻', 'warn'],
  key: ['⚷', 'warn'],
  electric_plug: ['⚡', 'bad'],
  wave: ['☞', 'info'],
};

// Unknown codes stay as typed (`:name:`), as Slack shows a missing custom emoji.
export function replaceEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => {
    const found = EMOJI[name];
    return found ? `<span class="emoji emoji-${found[1]}" title="${whole}">${found[0]}</span>` : whole;
  });
}
