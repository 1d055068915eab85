-- The people invited to a multi-agency meeting are told of it (issue 15): a notification with no
-- case (the meeting is the site's, its cases are items each reader may or may not see), written by
-- the coordinator who scheduled it, to the meeting's own participants only, linking to the meeting.
create policy notification_meeting on notification for insert to recolo_app
  with check (case_id is null and kind in ('meeting_scheduled', 'meeting_changed')
              and exists (select 1 from public.meeting m
                           join public.meeting_participant p on p.meeting_id = m.id
                          where link = '/meetings/' || m.id::text
                            and p.user_id = notification.user_id
                            and recolo_private.coordinates_site(m.site_id)));
