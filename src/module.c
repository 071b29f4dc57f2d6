/* module.c — freeing a decoded module and its import/export accessors
 * (include/wrr.h, "modules"). */
#include <stdlib.h>

#include "module.h"

void wrr_module_free(struct wrr_module *module)
{
	if (module == NULL)
		return;
	for (uint32_t i = 0; i < module->type_count; i++) {
		free((void *)module->types[i].params);
		free((void *)module->types[i].results);
	}
	free(module->types);
	free(module->imports);
	if (module->bodies != NULL) {
		uint32_t defined = module->func_count - module->imported_func_count;
		for (uint32_t i = 0; i < defined; i++) {
			struct wrr_func_body *body = &module->bodies[i];
			free(body->runs);
			free(body->code.code);
			free(body->code.code_offsets);
		}
	}
	free(module->bodies);
	free(module->func_types);
	free(module->tables);
	free(module->memories);
	free(module->globals);
	free(module->global_inits);
	free(module->exports);
	for (uint32_t i = 0; i < module->elem_count; i++)
		free(module->elems[i].inits);
	free(module->elems);
	free(module->datas);
	free(module->customs);
	free(module->func_names);
	free(module->func_declared);
	free(module);
}

uint32_t wrr_module_import_count(const struct wrr_module *module)
{
	return module->import_count;
}

/* The function type of an import is NULL when its type index is out of
 * range (possible only for a module that failed validation). */
void wrr_module_import(const struct wrr_module *module, uint32_t index,
		       struct wrr_import_desc *out)
{
	const struct wrr_import *imp = &module->imports[index];
	out->module_name = imp->module_name.bytes;
	out->module_name_len = imp->module_name.len;
	out->name = imp->name.bytes;
	out->name_len = imp->name.len;
	out->kind = imp->kind;
	out->functype = NULL;
	if (imp->kind == WRR_EXTERN_FUNC &&
	    imp->desc.type_index < module->type_count)
		out->functype = &module->types[imp->desc.type_index];
}

uint32_t wrr_module_export_count(const struct wrr_module *module)
{
	return module->export_count;
}

const char *wrr_module_export_name(const struct wrr_module *module,
				   uint32_t index, uint32_t *len)
{
	const struct wrr_export *exp = &module->exports[index];
	*len = exp->name.len;
	return exp->name.bytes;
}

const char *wrr_module_func_name(const struct wrr_module *module,
				 uint32_t func_index, uint32_t *len)
{
	*len = 0;
	if (module->func_names == NULL || func_index >= module->func_count)
		return NULL;
	const struct wrr_name *name = &module->func_names[func_index];
	if (name->bytes == NULL)
		return NULL;
	*len = name->len;
	return name->bytes;
}
