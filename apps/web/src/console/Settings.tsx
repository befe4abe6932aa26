import { BrandingSettings } from './settings/Branding.tsx';
import { GeneralSettings } from './settings/General.tsx';
import { TemplateEditor } from './settings/Templates.tsx';
import './settings/settings.css';

/** The installation's settings: how invites work, the branding, and the emails' templates. */
export function SettingsForm() {
  return (
    <div className="settings">
      <h2>Settings</h2>
      <GeneralSettings />
      <BrandingSettings />
      <TemplateEditor />
    </div>
  );
}
