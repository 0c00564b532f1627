// Slack's confirm dialog: the button's own (hidden) dialog markup, shown over the page.
// Resolves true when the person confirms, false when they go back.
export function askConfirm(root: HTMLElement, template: Element): Promise<boolean> {
  return new Promise((resolve) => {
    root.innerHTML = `<div class="overlay"><div class="dialog confirm-dialog" role="dialog" aria-modal="true">${template.innerHTML}</div></div>`;
    const finish = (answer: boolean) => {
      root.innerHTML = '';
      document.removeEventListener('keydown', onKey);
      resolve(answer);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') finish(false);
    };
    document.addEventListener('keydown', onKey);
    root.querySelector('.bk-confirm-ok')?.addEventListener('click', () => finish(true));
    root.querySelector('.bk-confirm-deny')?.addEventListener('click', () => finish(false));
    root.querySelector<HTMLButtonElement>('.bk-confirm-ok')?.focus();
  });
}
