DROP INDEX IF EXISTS `authors_status_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `posts_status_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `tags_status_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `faqs_status_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `media_items_status_idx`;--> statement-breakpoint
CREATE INDEX `authors_status_created_at_idx` ON `authors` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `posts_status_created_at_idx` ON `posts` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tags_status_created_at_idx` ON `tags` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `faqs_status_created_at_idx` ON `faqs` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `media_items_status_created_at_idx` ON `media_items` (`status`,`created_at`,`id`);