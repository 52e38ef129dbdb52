-- The persistent client manager list as the reference keeps it (client_manager_address): each
-- address is turned off ('clientOff', with the pub and sub flags given, 1 = true) or reduced
-- ('reduce': no longer off, its connections kept). Client-open deletes the row. Existing rows were
-- written by clientOff, which turns off both.
ALTER TABLE beacon_client_off ADD COLUMN operation VARCHAR(16) DEFAULT 'clientOff' NOT NULL;
ALTER TABLE beacon_client_off ADD COLUMN pub_flag BIGINT DEFAULT 1 NOT NULL;
ALTER TABLE beacon_client_off ADD COLUMN sub_flag BIGINT DEFAULT 1 NOT NULL;
