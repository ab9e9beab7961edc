CREATE TABLE `cms_sessions` (
	`id` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`family_id` text,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	CONSTRAINT `fk_cms_sessions_user_id_cms_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `cms_users`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `cms_invites` (
	`id` text PRIMARY KEY,
	`code_hash` text NOT NULL,
	`role` text NOT NULL,
	`email` text,
	`created_by` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text,
	`created_at` integer NOT NULL,
	CONSTRAINT `fk_cms_invites_created_by_cms_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `cms_users`(`id`) ON DELETE SET NULL,
	CONSTRAINT `fk_cms_invites_used_by_cms_users_id_fk` FOREIGN KEY (`used_by`) REFERENCES `cms_users`(`id`) ON DELETE SET NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cms_sessions_hash_unique` ON `cms_sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `cms_sessions_user_idx` ON `cms_sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `cms_sessions_family_idx` ON `cms_sessions` (`family_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cms_invites_code_hash_unique` ON `cms_invites` (`code_hash`);