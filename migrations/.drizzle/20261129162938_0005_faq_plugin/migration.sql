CREATE TABLE `faqs` (
	`id` text PRIMARY KEY,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`category` text,
	`order` integer DEFAULT 0
);
--> statement-breakpoint
CREATE INDEX `faqs_created_at_idx` ON `faqs` (`created_at`);--> statement-breakpoint
CREATE INDEX `faqs_status_idx` ON `faqs` (`status`);--> statement-breakpoint
CREATE INDEX `faqs_created_by_idx` ON `faqs` (`created_by`);--> statement-breakpoint
CREATE INDEX `faqs_category_idx` ON `faqs` (`category`);