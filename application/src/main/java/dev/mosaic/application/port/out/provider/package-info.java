/**
 * The provider port: a neutral request, a neutral stream of deltas and a final reply, implemented
 * once per wire protocol. A call never throws once it has started; failures come back as data.
 */
package dev.mosaic.application.port.out.provider;
