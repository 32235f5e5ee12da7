-- A department sees a district case through its own row of incident_department (008's row-level
-- security). Its actions (accept, feedback, return) change that row: the row is updated in
-- place, since deleting it would hide the case from the department in the middle of its own
-- action and the new row would fail the policy's check.
GRANT UPDATE ON incident_department TO lianqin_app;
