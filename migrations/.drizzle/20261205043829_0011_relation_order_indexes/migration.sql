DROP INDEX IF EXISTS `posts_author_id_idx`;--> statement-breakpoint
CREATE INDEX `posts_author_id_status_idx` ON `posts` (`author_id`,`status`,`created_at`,`id`);