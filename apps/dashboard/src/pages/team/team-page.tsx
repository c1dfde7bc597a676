import { RequireRole } from "../../lib/role.tsx";
import { InvitationsList } from "./invitations-list.tsx";
import { InviteForm } from "./invite-form.tsx";
import { MembersList } from "./members-list.tsx";

/** Admins invite colleagues here; owners also manage the admins themselves. */
export function TeamPage() {
  return (
    <div className="page stack-large">
      <header className="page-header">
        <div>
          <h1>Team</h1>
          <p className="muted">Who can use this Inlet, and with which role.</p>
        </div>
      </header>
      <InviteForm />
      <InvitationsList />
      <RequireRole role="owner">
        <MembersList />
      </RequireRole>
    </div>
  );
}
