CREATE TABLE `media_items` (
	`id` text PRIMARY KEY,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`filename` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`width` integer,
	`height` integer,
	`key` text NOT NULL,
	`alt` text
);
--> statement-breakpoint
CREATE INDEX `media_items_created_at_idx` ON `media_items` (`created_at`);--> statement-breakpoint
CREATE INDEX `media_items_status_idx` ON `media_items` (`status`);--> statement-breakpoint
CREATE INDEX `media_items_created_by_idx` ON `media_items` (`created_by`);--> statement-breakpoint
CREATE UNIQUE INDEX `media_items_key_unique` ON `media_items` (`key`);