CREATE TABLE `cms_plugins` (
	`name` text PRIMARY KEY,
	`version` text NOT NULL,
	`status` text NOT NULL,
	`settings` text,
	`migrations` text,
	`installed_at` integer,
	`updated_at` integer NOT NULL
);
