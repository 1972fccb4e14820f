package io.hookshot.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service, as an application of the starter would be: its properties in {@code application.properties}
 * (the README's), its data in PostgreSQL, its webhooks through Hookshot ({@link OrderService}).
 */
@SpringBootApplication
public class OrdersApplication {}
