CREATE TABLE `cms_users` (
	`id` text PRIMARY KEY,
	`email` text NOT NULL,
	`name` text,
	`role` text DEFAULT 'viewer' NOT NULL,
	`password_hash` text NOT NULL,
	`token_version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cms_refresh_tokens` (
	`id` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`family_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`replaced_by` text,
	`created_at` integer NOT NULL,
	CONSTRAINT `fk_cms_refresh_tokens_user_id_cms_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `cms_users`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `cms_password_resets` (
	`id` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	CONSTRAINT `fk_cms_password_resets_user_id_cms_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `cms_users`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `cms_api_tokens` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`access` text NOT NULL,
	`collections` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	CONSTRAINT `fk_cms_api_tokens_created_by_cms_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `cms_users`(`id`) ON DELETE SET NULL
);
--> statement-breakpoint
CREATE TABLE `cms_roles` (
	`name` text PRIMARY KEY,
	`description` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cms_permissions` (
	`role` text NOT NULL,
	`collection` text NOT NULL,
	`action` text NOT NULL,
	`allowed` integer NOT NULL,
	`scope` text DEFAULT 'all' NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT `cms_permissions_pk` PRIMARY KEY(`role`, `collection`, `action`)
);
--> statement-breakpoint
CREATE TABLE `cms_event_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`event` text NOT NULL,
	`request_id` text,
	`operation` text,
	`duration_ms` integer,
	`user_id` text,
	`ip` text,
	`detail` text
);
--> statement-breakpoint
ALTER TABLE `authors` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `tags` ADD `created_by` text;--> statement-breakpoint
CREATE INDEX `authors_created_by_idx` ON `authors` (`created_by`);--> statement-breakpoint
CREATE INDEX `posts_created_by_idx` ON `posts` (`created_by`);--> statement-breakpoint
CREATE INDEX `tags_created_by_idx` ON `tags` (`created_by`);--> statement-breakpoint
CREATE UNIQUE INDEX `cms_users_email_unique` ON `cms_users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `cms_refresh_tokens_hash_unique` ON `cms_refresh_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `cms_refresh_tokens_user_idx` ON `cms_refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cms_password_resets_hash_unique` ON `cms_password_resets` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `cms_api_tokens_hash_unique` ON `cms_api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `cms_event_log_at_idx` ON `cms_event_log` (`at`);--> statement-breakpoint
CREATE INDEX `cms_event_log_kind_idx` ON `cms_event_log` (`kind`,`at`);