// Driving the console's action dialog in browser tests: find it, pick from its selects (the
// dropdown is portalled outside the dialog), and wait for it to close or say why it did not.

import type { Page } from 'playwright-core';

/** The open action dialog (the intake drawer is a dialog too). */
export function actionDialog(page: Page) {
  return page.getByRole('dialog').filter({ has: page.getByTestId('action-submit') });
}

/** Wait for an action dialog to close; if it shows an error instead, fail with that error. */
export async function closed(dialog: ReturnType<typeof actionDialog>) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await dialog.count()) === 0 || !(await dialog.isVisible())) return;
    const alert = dialog.getByRole('alert');
    if ((await alert.count()) > 0) throw new Error(`the dialog refused: ${await alert.first().innerText()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const busy = await dialog.getByTestId('action-submit').getAttribute('class');
  throw new Error(`the dialog did not close in 30 s (submit button: ${busy})`);
}

/** Choose `option` in the dialog's select labelled `label`, until the select shows it. */
export async function choose(
  page: Page,
  dialog: ReturnType<typeof actionDialog>,
  label: string,
  option: string,
) {
  // the dropdown is portalled outside the dialog: the text inside it is the select's own
  const chosen = dialog.getByText(option).filter({ visible: true });
  for (let attempt = 0; ; attempt++) {
    const input = dialog.getByLabel(label, { exact: true });
    await input.click();
    // a long list renders only what is in view: a searchable select is narrowed to the option
    if (await input.isEditable()) await input.fill(option);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
    try {
      // a click on a list still opening can miss: the select says whether it took
      await chosen.first().waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}
