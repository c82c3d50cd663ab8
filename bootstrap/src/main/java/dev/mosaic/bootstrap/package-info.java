/**
 * The composition root: reads settings, builds the adapters, the services and the web server, and
 * offers the command line (serve, user and token administration).
 */
package dev.mosaic.bootstrap;
