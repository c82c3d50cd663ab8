/** Read models that inbound and outbound ports share: what a list or a search returns. */
package dev.mosaic.application.view;
