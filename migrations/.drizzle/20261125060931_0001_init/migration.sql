CREATE TABLE `authors` (
	`id` text PRIMARY KEY,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`bio` text
);
--> statement-breakpoint
CREATE TABLE `posts` (
	`id` text PRIMARY KEY,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`title` text NOT NULL,
	`slug` text,
	`body` text,
	`excerpt` text,
	`views` integer DEFAULT 0,
	`rating` real,
	`featured` integer DEFAULT false,
	`author_id` text,
	CONSTRAINT `fk_posts_author_id_authors_id_fk` FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON DELETE SET NULL
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`id` text PRIMARY KEY,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`name` text NOT NULL,
	`slug` text
);
--> statement-breakpoint
CREATE TABLE `posts_tags` (
	`source_id` text NOT NULL,
	`target_id` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	CONSTRAINT `posts_tags_pk` PRIMARY KEY(`source_id`, `target_id`),
	CONSTRAINT `fk_posts_tags_source_id_posts_id_fk` FOREIGN KEY (`source_id`) REFERENCES `posts`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_posts_tags_target_id_tags_id_fk` FOREIGN KEY (`target_id`) REFERENCES `tags`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX `authors_created_at_idx` ON `authors` (`created_at`);--> statement-breakpoint
CREATE INDEX `authors_status_idx` ON `authors` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `authors_email_unique` ON `authors` (`email`);--> statement-breakpoint
CREATE INDEX `posts_created_at_idx` ON `posts` (`created_at`);--> statement-breakpoint
CREATE INDEX `posts_status_idx` ON `posts` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `posts_slug_unique` ON `posts` (`slug`);--> statement-breakpoint
CREATE INDEX `posts_views_idx` ON `posts` (`views`);--> statement-breakpoint
CREATE INDEX `posts_author_id_idx` ON `posts` (`author_id`);--> statement-breakpoint
CREATE INDEX `tags_created_at_idx` ON `tags` (`created_at`);--> statement-breakpoint
CREATE INDEX `tags_status_idx` ON `tags` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name_unique` ON `tags` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `tags_slug_unique` ON `tags` (`slug`);--> statement-breakpoint
CREATE INDEX `posts_tags_target_idx` ON `posts_tags` (`target_id`);