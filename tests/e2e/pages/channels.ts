/** The manager's channels page (/channels/) as a person reads it: one card per channel, its test button. */
import type { Locator, Page } from '@playwright/test';

export class ChannelsPage {
  readonly signInForm: Locator;
  readonly signInNote: Locator;
  readonly noChannels: Locator;

  constructor(readonly page: Page) {
    this.signInForm = page.locator('#sign-in');
    this.signInNote = page.locator('#sign-in-note');
    this.noChannels = page.getByTestId('no-channels');
  }

  card(id: string): Locator {
    return this.page.locator(`section.channel[data-channel="${id}"]`);
  }

  testButton(id: string): Locator {
    return this.card(id).getByTestId('test');
  }

  outcome(id: string): Locator {
    return this.card(id).getByTestId('outcome');
  }

  posts(id: string): Locator {
    return this.card(id).getByTestId('post');
  }

  async signIn(staffId: string, pin: string): Promise<void> {
    await this.page.locator('#staff-id').fill(staffId);
    await this.page.locator('#pin').fill(pin);
    await this.signInForm.getByRole('button').click();
  }
}
