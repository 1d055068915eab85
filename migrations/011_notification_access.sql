-- A notification is read by its recipient only while they may still read the risk compartment of its
-- case (DESIGN.md: access needs the role, the team or the site's coordinator, and the case at one of
-- the user's sites): its message carries the case reference and the rating. Found by the leak test: a
-- team member no longer at the case's site kept seeing "Case REF … was rated high".
drop policy notification_own on notification;
create policy notification_own on notification for select to recolo_app
  using (user_id = (select recolo_private.current_user_id())
         and (case_id is null or recolo_private.can_read(case_id, 'risk')));
